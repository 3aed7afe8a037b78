import { useState } from 'react'
import { errorsByField, type FieldError } from '@/core/validation'
import { ApiError, errorMessage } from '@/services/api'

/**
 * Sending one of the campaign's record forms: the server checks the record, and its 400 names each field,
 * so the form shows every message under the field it names and the summary underneath.
 */
export function useRecordSubmit() {
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)

  /** Runs `send`; answers whether it went through. */
  const submit = async (send: () => Promise<void>): Promise<boolean> => {
    setBusy(true)
    setError(null)
    setErrors({})
    try {
      await send()
      return true
    } catch (caught) {
      const details = caught instanceof ApiError ? (caught.details as FieldError[]) : []
      setErrors(errorsByField(details))
      setError(errorMessage(caught))
      return false
    } finally {
      setBusy(false)
    }
  }

  return { busy, errors, error, submit }
}

/** A count typed into a form: nothing typed is left out, so the server says the field is required. */
export function typedCount(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text.trim())
}
