/** Strings of the per-agency overview page (merged into review.platform by ./i18n.ts). */
export const PLATFORM_ZH = {
  nav: '各机关概况',
  title: '各机关办理概况',
  intro: '按收到年份统计各行政机关的依申请公开办理情况。政务公开办可查看全部机关；其他账号只显示本人所属机关。',
  year: '年份',
  caption: '{year}年各机关办理情况',
  col: { agency: '机关', cases: '收到申请', open: '办理中', overdue: '已逾期', answered: '已答复', onTime: '按期答复率' },
  total: '合计',
  none: '该年度尚无申请。',
  noRate: '—',
}
export const PLATFORM_EN = {
  nav: 'Agencies overview',
  title: 'Agencies: cases at a glance',
  intro: 'Each agency\'s disclosure applications by year of receipt. The platform office sees every agency; other accounts see their own agencies.',
  year: 'Year',
  caption: 'Agencies in {year}',
  col: { agency: 'Agency', cases: 'Received', open: 'In progress', overdue: 'Overdue', answered: 'Answered', onTime: 'On-time rate' },
  total: 'Total',
  none: 'No applications in that year.',
  noRate: '—',
}
