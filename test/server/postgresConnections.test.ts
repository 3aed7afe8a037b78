import { Pool } from 'pg'
import { sql } from 'kysely'
import { startServer, type TestServer } from './harness'

/**
 * PostgreSQL may close the server's idle connections at any time (a restart, an administrator's
 * pg_terminate_backend, an idle timeout in front of it). The server must go on answering, not crash on
 * the pool's 'error' event. Run where PostgreSQL is (CI always has it); SQLite has no such connections.
 */
const describePostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip

describePostgres('PostgreSQL closing idle connections', () => {
  let server: TestServer
  let admin: Pool

  beforeAll(async () => {
    server = await startServer('postgres')
    admin = new Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 1 })
  })
  afterAll(async () => {
    await admin.end()
    await server.close()
  })

  it('keeps the server answering when PostgreSQL terminates its idle connections', async () => {
    // The server's own connection, idle in its pool once this answers (only that one: other test files
    // share the database).
    const { rows: own } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(server.database.db)
    const { rows } = await admin.query<{ terminated: boolean }>('select pg_terminate_backend($1) as terminated', [own[0].pid])
    expect(rows[0].terminated).toBe(true)
    // The pool hears of it on its idle client's socket: give the event a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const after = await server.app.inject({ method: 'GET', url: '/api/health' })
    expect(after.statusCode).toBe(200)
    expect(after.json().db).toBe('postgres')
  })
})
