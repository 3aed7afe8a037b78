import type { ApiErrorBody } from '../../src/core/api'
import { householdDeletedMessage, type HouseholdDeletion } from '../../src/core/mutations'
import type { FieldError } from '../../src/core/validation'
import { summarizeFieldErrors } from '../../src/core/validation'

type ErrorCode = ApiErrorBody['error']['code']

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429
}

/** An expected failure with its API error code and a Chinese message for the person using the app. */
export class AppError extends Error {
  readonly statusCode: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown[] = []
  ) {
    super(message)
    this.statusCode = STATUS_BY_CODE[code]
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } }
  }
}

/**
 * A change about a household that was deleted: still NOT_FOUND (API.md's code for it), but saying when
 * and by whom, so the worker knows to give the change up. Thrown only for a household in the pusher's
 * scope; outside it the answer stays the plain notFound, which reveals nothing.
 */
export class HouseholdDeletedError extends AppError {
  constructor(readonly deletion: HouseholdDeletion) {
    super('NOT_FOUND', householdDeletedMessage(deletion))
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在或无权查看`)
export const unauthenticated = (message = '请先登录') => new AppError('UNAUTHENTICATED', message)
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', message)
export const validationFailed = (errors: FieldError[]) =>
  new AppError('VALIDATION_FAILED', summarizeFieldErrors(errors), errors)

/** The server will not start, for a reason the operator can fix: printed as a message, not a stack trace. */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StartRefused'
  }
}
