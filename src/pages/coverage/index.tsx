import { View } from '@tarojs/components'
import { formatPercent, rate } from '@/core/coverage'
import { describeNotCounted } from '@/core/member'
import { yearInChina } from '@/core/period'
import { useSession } from '@/hooks/useSession'
import { useCoverageBreakdown } from '@/hooks/useGridCache'
import { CoverageMemberRow } from '@/features/coverage/components/CoverageMemberRow'
import { registrationLine } from '@/features/coverage/registrationLine'
import './index.css'

/**
 * Who is behind the home screen's 已注册 / 应注册 and 注册率 (DESIGN §7: every count explains itself):
 * the members still to register, those registered, and those not counted with the reason, from the
 * phone's copy of the grid, so it works without signal.
 */
export default function CoveragePage() {
  const gridId = useSession()?.user?.scope.gridIds?.[0] ?? null
  const { breakdown, ready } = useCoverageBreakdown(gridId)
  const year = yearInChina(new Date())

  if (!breakdown) return <View className='page coverage-note'>当前账号没有分配网格</View>
  const { registered, unregistered, notCounted } = breakdown
  const eligible = registered.length + unregistered.length

  return (
    <View className='page'>
      <View className='section'>
        <View className='coverage-total'>
          已注册 {registered.length} / 应注册 {eligible} · 注册率 {formatPercent(rate(registered.length, eligible))}
        </View>
        <View className='coverage-note'>应注册：16岁及以上、有智能手机、未外出的成员。</View>
        {!ready && <View className='coverage-note'>本网格还没有下载到本机，目前只统计了本机保存的户。</View>}
      </View>

      <View className='section coverage-unregistered'>
        <View className='coverage-title'>应注册未注册（{unregistered.length}人）</View>
        {unregistered.length === 0 && <View className='coverage-note'>没有</View>}
        {unregistered.map(({ member, addressText }) => (
          <CoverageMemberRow key={member.id} member={member} addressText={addressText} line={registrationLine(member)} tone='todo' />
        ))}
      </View>

      <View className='section coverage-registered'>
        <View className='coverage-title'>已注册（{registered.length}人）</View>
        {registered.length === 0 && <View className='coverage-note'>没有</View>}
        {registered.map(({ member, addressText }) => (
          <CoverageMemberRow key={member.id} member={member} addressText={addressText} line='已注册' tone='done' />
        ))}
      </View>

      <View className='section coverage-not-counted'>
        <View className='coverage-title'>不计入应注册（{notCounted.length}人）</View>
        {notCounted.length === 0 && <View className='coverage-note'>没有</View>}
        {notCounted.map(({ member, addressText }) => (
          <CoverageMemberRow key={member.id} member={member} addressText={addressText} line={describeNotCounted(member, year)} tone='neutral' />
        ))}
      </View>
    </View>
  )
}
