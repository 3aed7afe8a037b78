import Taro, { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import { View } from '@tarojs/components'
import { Button, Radio } from '@nutui/nutui-react-taro'
import { yearInChina } from '@/core/period'
import { useSession } from '@/hooks/useSession'
import { useHouseholdEditor } from '@/features/households/hooks/useHouseholdEditor'
import { AddressForm } from '@/features/households/components/AddressForm'
import { MemberForm } from '@/features/households/components/MemberForm'
import { MemberSummary } from '@/features/households/components/MemberSummary'

export default function HouseholdEditPage() {
  const { params } = useRouter<{ id?: string; grid?: string }>()
  const session = useSession()
  const editor = useHouseholdEditor({ id: params.id, gridId: params.grid, user: session?.user ?? null })
  const { draft, loadError, errors, editingMemberId, grids } = editor
  const year = yearInChina(new Date())

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: params.id ? '编辑户' : '新增户' })
  }, [params.id])

  if (loadError) return <View className='page error-text'>{loadError}</View>
  if (!draft) return <View className='page muted'>加载中…</View>

  return (
    <View className='page'>
      {grids.length > 0 && (
        <View className='section'>
          <View className='section-title'>所属网格</View>
          <Radio.Group
            direction='horizontal'
            shape='button'
            value={draft.gridId}
            options={grids.map((grid) => ({ value: grid.id, label: grid.name }))}
            onChange={(value) => editor.setGrid(String(value))}
          />
        </View>
      )}

      <AddressForm draft={draft} errors={errors.household} onAddressChange={editor.setAddressPart} onNoteChange={editor.setNote} />

      <View className='section'>
        <View className='section-title'>家庭成员（{draft.members.length}人）</View>
        {draft.members.map((member) =>
          member.id === editingMemberId ? (
            <MemberForm
              key={member.id}
              member={member}
              errors={errors.members[member.id]}
              onChange={(patch) => editor.updateMember(member.id, patch)}
              onAppChange={(patch) => editor.updateApp(member.id, patch)}
              onHeadChange={(isHead) => editor.setHead(member.id, isHead)}
              onDone={() => editor.editMember(null)}
              onRemove={() => void editor.removeMember(member.id)}
            />
          ) : (
            <MemberSummary
              key={member.id}
              member={member}
              year={year}
              hasError={Boolean(errors.members[member.id])}
              onEdit={() => editor.editMember(member.id)}
            />
          )
        )}
        <Button className='add-member' block fill='outline' onClick={editor.addMember}>
          添加成员
        </Button>
      </View>

      <Button className='save-household' type='primary' block loading={editor.saving} onClick={() => void editor.save()}>
        保存
      </Button>
    </View>
  )
}
