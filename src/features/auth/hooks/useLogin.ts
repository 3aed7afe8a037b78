import { useState } from 'react'
import Taro from '@tarojs/taro'
import { bindSchema, passwordLoginSchema, type LoginResponse, type User } from '@/core/api'
import { errorsByField, summarizeFieldErrors, toFieldErrors } from '@/core/validation'
import { api, errorMessage } from '@/services/api'
import { getSession, saveSession } from '@/services/session'
import { landingPageFor } from '../landing'

export type LoginStage = 'wechat' | 'password' | 'bind'

/** Sign-in by WeChat (then an invitation code for staff not yet bound) or by username and password. */
export function useLogin(initialStage: LoginStage) {
  const [stage, setStage] = useState<LoginStage>(initialStage)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  /** The sign-in form's errors by field (`username`, `password`), all shown at once. */
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})

  async function run(action: () => Promise<void>) {
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setBusy(false)
    }
  }

  function enter(user: User) {
    const page = landingPageFor(user)
    if (!page) {
      setError('居民请扫描网格员出示的二维码进行自助登记')
      return
    }
    void Taro.reLaunch({ url: page })
  }

  const loginWithPassword = (username: string, password: string) => {
    const parsed = passwordLoginSchema.safeParse({ username, password })
    setFieldErrors(parsed.success ? {} : errorsByField(toFieldErrors(parsed.error.issues)))
    if (!parsed.success) {
      setError(null)
      return Promise.resolve()
    }
    return run(async () => {
      const response = await api.postAnonymous<LoginResponse>('/auth/password', parsed.data)
      saveSession(response)
      if (response.user) enter(response.user)
    })
  }

  const loginWithWechat = () =>
    run(async () => {
      const { code } = await Taro.login()
      const response = await api.postAnonymous<LoginResponse>('/auth/wechat', { code })
      saveSession(response)
      if (response.user) enter(response.user)
      else setStage('bind')
    })

  const bindInvitation = (inviteCode: string) =>
    run(async () => {
      const parsed = bindSchema.safeParse({ inviteCode })
      if (!parsed.success) throw new Error(summarizeFieldErrors(toFieldErrors(parsed.error.issues)))
      const { user } = await api.post<{ user: User }>('/auth/bind', parsed.data)
      const session = getSession()
      if (session) saveSession({ ...session, user })
      enter(user)
    })

  return { stage, setStage, busy, error, fieldErrors, loginWithPassword, loginWithWechat, bindInvitation }
}
