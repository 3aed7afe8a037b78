import { useCallback, useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import type { VillageScoreView } from '@/core/api'
import type { VillageFactsInput, VillageFactsView } from '@/core/campaign'
import { Field } from '@/features/households/components/Field'
import { Choice } from '@/features/residents/components/Choice'
import { api, errorMessage } from '@/services/api'
import { typedCount, useRecordSubmit } from './useRecordSubmit'
import { factsOfScore } from './villageFacts'
import './campaign.css'

/**
 * The village's own facts (PUT /villages/:code/facts): its volunteer team and the 96110 warnings received
 * and followed up, as they stand now. The current values come from the village's score, which reads
 * them (factsOfScore); saving answers the facts as stored, which the form then shows.
 */
export function VillageFactsForm({ villageCode }: { villageCode: string }) {
  const [volunteerTeam, setVolunteerTeam] = useState<boolean>()
  const [received, setReceived] = useState('')
  const [followedUp, setFollowedUp] = useState('')
  const [loaded, setLoaded] = useState(false)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const { busy, errors, error, submit } = useRecordSubmit()

  const show = (facts: VillageFactsInput) => {
    setVolunteerTeam(facts.volunteerTeam)
    setReceived(String(facts.warningsReceived))
    setFollowedUp(String(facts.warningsFollowedUp))
  }
  const load = useCallback(async () => {
    setLoadError(null)
    try {
      const facts = factsOfScore((await api.get<VillageScoreView>(`/scores/villages/${villageCode}`)).indicators)
      if (facts) show(facts)
      setLoaded(true)
    } catch (caught) {
      setLoadError(errorMessage(caught))
    }
  }, [villageCode])
  useEffect(() => {
    void load()
  }, [load])

  const save = async () => {
    setSaved(false)
    const sent = await submit(async () => {
      show(
        await api.put<VillageFactsView>(`/villages/${villageCode}/facts`, {
          volunteerTeam,
          warningsReceived: typedCount(received),
          warningsFollowedUp: typedCount(followedUp)
        })
      )
    })
    setSaved(sent)
  }
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value)
    setSaved(false)
  }

  return (
    <View className='section facts-form'>
      <View className='section-title'>村情</View>
      <View className='muted'>按现在的情况填写，每个统计周期的评分都按此计算。</View>
      {loadError && <View className='error-text'>{loadError}</View>}
      {!loaded && !loadError && <View className='muted'>加载中…</View>}
      {loaded && (
        <View>
          <Field label='是否有反诈志愿者队伍' error={errors.volunteerTeam}>
            {[true, false].map((option) => (
              <Choice
                key={String(option)}
                className={`facts-team facts-team-${option ? 'yes' : 'no'}`}
                label={option ? '有' : '没有'}
                selected={volunteerTeam === option}
                onSelect={() => {
                  setVolunteerTeam(option)
                  setSaved(false)
                }}
              />
            ))}
          </Field>
          <Field label='收到的96110预警数' error={errors.warningsReceived}>
            <Input className='facts-received' type='number' value={received} onChange={edit(setReceived)} />
          </Field>
          <Field label='已跟进劝阻的预警数' error={errors.warningsFollowedUp}>
            <Input className='facts-followed-up' type='number' value={followedUp} onChange={edit(setFollowedUp)} />
          </Field>
          {error && <View className='facts-error error-text'>{error}</View>}
          {saved && <View className='facts-saved'>已保存</View>}
          <Button className='facts-submit' type='primary' block loading={busy} onClick={() => void save()}>
            保存村情
          </Button>
        </View>
      )}
    </View>
  )
}
