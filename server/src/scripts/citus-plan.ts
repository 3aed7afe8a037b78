import { citusStatements } from '../db/distribution'

/**
 * `npm run citus:plan`: prints the SQL that distributes this schema by county on a Citus cluster
 * (docs/architecture.md "Beyond one server"). Prints only; it opens no database.
 */
console.log(citusStatements().join('\n'))
