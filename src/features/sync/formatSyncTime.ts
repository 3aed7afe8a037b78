import dayjs from 'dayjs'

/** 今天 14:05, or 11-26 09:00 for another day. */
export function formatSyncTime(iso: string, now: Date = new Date()): string {
  const at = dayjs(iso)
  return at.isSame(dayjs(now), 'day') ? `今天 ${at.format('HH:mm')}` : at.format('MM-DD HH:mm')
}
