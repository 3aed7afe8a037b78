import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { checkCertification, type CertificationSubmit, type InviteView, type MyCertification } from '@/core/certification'
import { errorsByField } from '@/core/validation'
import { ApiError, api, errorMessage } from '@/services/api'
import { hasResidentSession, residentApi } from '@/services/residentSession'

export type InviteState =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'gone' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; invite: InviteView }

/** Where the person is with the privacy notice: nothing personal is sent before 'agreed'. */
export type Consent = 'asked' | 'agreed' | 'declined'

type PrivacyResolve = (option: { event: 'agree' | 'disagree'; buttonId?: string }) => void

export const AGREE_BUTTON_ID = 'agree-privacy'

/**
 * The invitation page's data: the public invitation look-up, what this resident submitted before
 * (only when it has a resident session already, so a first visit sends nothing before consent),
 * the consent, and the submission.
 */
export function useInvitation(token: string) {
  const [invite, setInvite] = useState<InviteState>({ kind: token ? 'loading' : 'missing' })
  const [mine, setMine] = useState<MyCertification[]>([])
  const [consent, setConsent] = useState<Consent>('asked')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const pendingPrivacy = useRef<PrivacyResolve | null>(null)

  const loadMine = useCallback(async () => {
    try {
      setMine((await residentApi(token).get<{ items: MyCertification[] }>('/certifications/mine')).items)
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }, [token])

  useEffect(() => {
    if (!token) return
    api
      .get<InviteView>(`/invites/${encodeURIComponent(token)}`)
      .then((loaded) => setInvite({ kind: 'ready', invite: loaded }))
      .catch((caught) =>
        setInvite(caught instanceof ApiError && caught.status === 404 ? { kind: 'gone' } : { kind: 'failed', message: errorMessage(caught) })
      )
    if (hasResidentSession(token)) void loadMine()
  }, [token, loadMine])

  // WeChat asks before a privacy API (the image picker) runs without the person's agreement: show our
  // notice again, and let its buttons answer WeChat's question.
  useEffect(() => {
    // Base libraries before 2.32.3 have no privacy API and ask nothing.
    if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
    Taro.onNeedPrivacyAuthorization((resolve) => {
      pendingPrivacy.current = resolve
      setConsent('asked')
    })
  }, [])

  const agree = () => {
    pendingPrivacy.current?.({ event: 'agree', buttonId: AGREE_BUTTON_ID })
    pendingPrivacy.current = null
    setConsent('agreed')
  }
  const decline = () => {
    pendingPrivacy.current?.({ event: 'disagree' })
    pendingPrivacy.current = null
    setConsent('declined')
  }
  const reconsider = () => setConsent('asked')

  /** Sends the certification; true once the server has it (state 待审核). */
  const submit = async (draft: Partial<CertificationSubmit>): Promise<boolean> => {
    if (invite.kind !== 'ready' || consent !== 'agreed') return false
    const member = invite.invite.members.find((candidate) => candidate.id === draft.memberId)
    const checked = checkCertification({ ...draft, inviteToken: token, consent: true }, member)
    if (!checked.ok) {
      setFieldErrors(errorsByField(checked.errors))
      setError(null)
      return false
    }
    setFieldErrors({})
    setError(null)
    setBusy(true)
    try {
      const created = await residentApi(token).post<{ id: string; state: 'pending' }>('/certifications', checked.request)
      setMine((items) => [{ id: created.id, memberNameMasked: member?.nameMasked ?? '', state: created.state }, ...items.filter((item) => item.id !== created.id)])
      return true
    } catch (caught) {
      setError(errorMessage(caught))
      return false
    } finally {
      setBusy(false)
    }
  }

  return { invite, mine, consent, agree, decline, reconsider, busy, error, fieldErrors, submit }
}
