/** Strings of the staff calendar page (merged into review.workCalendar by ./i18n.ts). */
export const CALENDAR_ZH = {
  nav: '工作日历',
  title: '工作日历（放假安排）',
  intro: '每年11月前后国务院公布下一年的放假调休安排。公布后请在此录入；尚未录入的年份按《全国年节及纪念日放假办法》的法定节假日推算，相关期限显示为“暂定”。',
  version: '当前日历版本',
  covered: '已有正式安排的年份',
  loaded: '已录入的年份',
  none: '尚未录入任何年份。',
  col: { year: '年份', version: '版本', source: '来源', by: '录入人', at: '录入时间', days: '放假 / 补班天数' },
  form: '录入一年的放假安排',
  year: '年份',
  source: '来源（文件名称和文号）',
  format: '格式',
  csv: 'CSV（日期,类型,名称）',
  json: 'JSON',
  text: '放假安排',
  csvHint: '每行一天：日期,休 或 班,节日名称。例如“2027-01-01,休,元旦”“2027-02-07,班,春节”。',
  jsonHint: '{"year": 2027, "holidays": {"2027-01-01": "元旦"}, "makeUpWorkdays": {"2027-02-07": "春节"}}',
  file: '或从文件读入',
  prefill: '按放假办法预填法定节假日',
  submit: '校验并录入',
  busy: '正在录入…',
  done: '{year}年放假安排已录入（第{version}版），已按新日历重新计算{recomputed}件未办结申请的答复期限。',
  unchanged: '{year}年的放假安排与已录入的第{version}版相同，未作改动。',
  warnings: '请核对：',
  badJson: 'JSON 格式有误，请检查括号和引号。',
  readOnly: '只有管理员可以录入放假安排。',
}

export const CALENDAR_EN = {
  nav: 'Working calendar',
  title: 'Working calendar (holiday schedule)',
  intro: 'Each November the State Council publishes next year\'s holidays and make-up working days. Enter them here once published; years not yet entered follow the statutory holidays of the national holiday measures, and deadlines in them show as provisional.',
  version: 'Calendar version in force',
  covered: 'Years with an official schedule',
  loaded: 'Years entered here',
  none: 'No year has been entered yet.',
  col: { year: 'Year', version: 'Version', source: 'Source', by: 'Entered by', at: 'Entered at', days: 'Rest / make-up days' },
  form: 'Enter a year\'s schedule',
  year: 'Year',
  source: 'Source (notice title and number)',
  format: 'Format',
  csv: 'CSV (date,type,name)',
  json: 'JSON',
  text: 'Schedule',
  csvHint: 'One day per line: date, 休 (rest) or 班 (make-up working day), holiday name. E.g. "2027-01-01,休,元旦", "2027-02-07,班,春节".',
  jsonHint: '{"year": 2027, "holidays": {"2027-01-01": "元旦"}, "makeUpWorkdays": {"2027-02-07": "春节"}}',
  file: 'or read from a file',
  prefill: 'Pre-fill the statutory holidays',
  submit: 'Check and enter',
  busy: 'Entering…',
  done: 'The {year} schedule is entered (version {version}); the due dates of {recomputed} open applications were recomputed with it.',
  unchanged: 'The {year} schedule is the same as version {version} already entered; nothing changed.',
  warnings: 'Please check:',
  badJson: 'The JSON is malformed: check brackets and quotes.',
  readOnly: 'Only an administrator can enter a holiday schedule.',
}

/** A supervisor's override of a late step, in the case history (merged into review.late). */
export const LATE_ZH = {
  extension: '逾期延期：答复期限已过，经负责人批准办理。理由：{reason}',
  amendment: '逾期补正：已超过收到申请后7个工作日，经负责人批准办理。理由：{reason}',
  reason: '逾期办理理由（仅负责人，超过法定期限时填写）',
}
export const LATE_EN = {
  extension: 'Late extension, past the time limit, approved by a supervisor. Reason: {reason}',
  amendment: 'Late 补正 request, more than 7 working days after receipt, approved by a supervisor. Reason: {reason}',
  reason: 'Reason for a late step (supervisors only, past the time limit)',
}

/** Consultations on the case page (Arts. 32, 34; merged into review.consult). */
export const CONSULT_ZH = {
  title: '征求意见',
  receivedOn: '对方收到日期（不填则从发出之日起算）',
  party: { thirdParty: '第三方（第三十二条）', agency: '其他机关（第三十四条）' },
  line: '{sent}发出，{received}，答复期限 {replyBy}',
  receivedAt: '{date}收到',
  receiptUnknown: '收到日期未记录',
  state: {
    pending: '等待答复',
    replied: '已答复',
    noReply: '逾期未答复，恢复计时（第三十二条）',
    deemedConsent: '逾期未答复，视为同意公开（第三十四条）',
  },
}

export const CONSULT_EN = {
  title: 'Consultations',
  receivedOn: 'Received by the party on (blank: counted from sending)',
  party: { thirdParty: 'Third party (Art. 32)', agency: 'Other agency (Art. 34)' },
  line: 'sent {sent}, {received}, reply due {replyBy}',
  receivedAt: 'received {date}',
  receiptUnknown: 'receipt not recorded',
  state: {
    pending: 'Awaiting reply',
    replied: 'Replied',
    noReply: 'No reply in time; the clock resumed (Art. 32)',
    deemedConsent: 'No reply in time; deemed consent to disclose (Art. 34)',
  },
}
