import type { PushRequest, PushResponse } from '../../../../src/core/mutations'
import type { Scope } from '../../access/scope'
import type { PullResponse } from './schemas'
import type { Actor } from './appliers/context'
import { pushMutations, type SyncDeps } from './push'
import { pullChanges, type PullQuery } from './pull'

/** The one write path (push) and the device's read of its grid (pull), as the routes and imports use them. */
export class SyncService {
  constructor(private readonly deps: SyncDeps) {}

  push(actor: Actor, request: PushRequest): Promise<PushResponse> {
    return pushMutations(this.deps, actor, request)
  }

  pull(scope: Scope, query: PullQuery): Promise<PullResponse> {
    return pullChanges(this.deps, scope, query)
  }
}
