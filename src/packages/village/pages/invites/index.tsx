import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import type { StaffInvite, StaffInviteCreated } from '@/core/staff'
import { useSession } from '@/hooks/useSession'
import { errorMessage } from '@/services/api'
import { useVillageGrids } from '@/features/village/useVillageGrids'
import { expiryLine, useStaffInvites } from '@/features/village/useStaffInvites'
import { PickList, toggled } from '@/features/village/PickList'
import './index.css'

/**
 * 邀请码: a code for a new grid worker of the grids chosen, shown large to read out or copy into a chat;
 * the village's live codes, each revocable (作废).
 */
export default function VillageInvitesPage() {
  const villageCode = useSession()?.user?.scope.regionCode
  const { grids } = useVillageGrids(villageCode)
  const { invites, error, create, revoke } = useStaffInvites(villageCode)
  const [gridIds, setGridIds] = useState<string[]>([])
  const [name, setName] = useState('')
  const [created, setCreated] = useState<StaffInviteCreated | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const submit = async () => {
    if (gridIds.length === 0) return setProblem('请至少选择一个网格')
    setProblem(null)
    try {
      setCreated(await create(gridIds, name))
      setName('')
    } catch (caught) {
      setProblem(errorMessage(caught))
    }
  }

  const confirmRevoke = async (invite: StaffInvite) => {
    const { confirm } = await Taro.showModal({ title: '作废邀请码', content: `作废后 ${invite.code} 不能再使用，确定作废吗？`, confirmText: '作废', confirmColor: '#c8161d' })
    if (!confirm) return
    try {
      await revoke(invite.code)
      if (created?.code === invite.code) setCreated(null)
      void Taro.showToast({ title: '已作废', icon: 'success' })
    } catch (caught) {
      setProblem(errorMessage(caught))
    }
  }

  return (
    <View className='page'>
      {created && (
        <View className='section invite-created'>
          <View className='muted'>请新网格员用微信打开本小程序，在提示输入邀请码时填写：</View>
          <View className='invite-code'>{created.code}</View>
          <View className='muted'>{expiryLine(created.expiresAt)}，只能使用一次</View>
          <Button className='invite-copy' block fill='outline' onClick={() => void Taro.setClipboardData({ data: created.code })}>
            复制邀请码
          </Button>
        </View>
      )}
      <View className='section'>
        <View className='section-title'>邀请新网格员</View>
        <View className='muted'>负责的网格（可多选）</View>
        <PickList options={grids.map((grid) => ({ id: grid.id, label: grid.name }))} chosen={gridIds} onToggle={(id) => setGridIds(toggled(gridIds, id))} empty='本村还没有网格，请先在网格管理中新建' />
        <Input className='invite-name' name='inviteName' placeholder='新网格员姓名（选填）' value={name} onChange={setName} />
        {problem && <View className='error-text'>{problem}</View>}
        <Button className='invite-create' type='primary' block onClick={() => void submit()}>
          生成邀请码
        </Button>
      </View>
      <View className='section'>
        <View className='section-title'>有效的邀请码</View>
        {error && <View className='error-text'>{error}</View>}
        {!error && invites.length === 0 && <View className='muted'>没有有效的邀请码</View>}
        {invites.map((invite) => (
          <View key={invite.code} className='invite-row'>
            <View className='row'>
              <View className='invite-row-code'>{invite.code}</View>
              <Button className='invite-revoke' fill='none' onClick={() => void confirmRevoke(invite)}>
                作废
              </Button>
            </View>
            <View className='muted'>
              {invite.name} · {invite.grids.map((grid) => grid.name).join('、')}
            </View>
            <View className='muted'>{expiryLine(invite.expiresAt)}</View>
          </View>
        ))}
      </View>
    </View>
  )
}
