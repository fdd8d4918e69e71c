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

/** Strings of the accounts' agencies page (merged into review.accounts by ./i18n.ts). */
export const ACCOUNTS_ZH = {
  nav: '账号与机关',
  title: '工作人员账号所属机关',
  intro: '经办人和负责人只能看到并办理所属机关的申请。未指定机关的账号可查看全部机关（单一机关部署）。',
  col: { user: '账号', role: '角色', agencies: '所属机关' },
  all: '全部机关（未指定）',
  agencies: '所属机关（可多选）',
  save: '保存',
  saved: '已保存',
}
export const ACCOUNTS_EN = {
  nav: 'Accounts and agencies',
  title: 'Staff accounts: their agencies',
  intro: 'Reviewers and supervisors see and work only their agencies\' applications. An account with no agency sees every agency (a single-office deployment).',
  col: { user: 'Account', role: 'Role', agencies: 'Agencies' },
  all: 'Every agency (none set)',
  agencies: 'Agencies (choose one or more)',
  save: 'Save',
  saved: 'Saved',
}
