/**
 * The standard 政府信息公开指南 (条例 Art. 12) written from an agency's directory record, for agencies
 * whose own guide has not been entered yet. It says what the regulation fixes for every agency —
 * what is disclosed and where, how to apply, the time limits, fees and remedies — and fills in the
 * agency's own office. An administrator replaces it with the agency's published text.
 */
import type { AgencyInput } from './input'

type GuideFields = Pick<AgencyInput, 'name' | 'officeName' | 'officeAddress' | 'officePhone' | 'officeHours'>

export function standardGuide(a: GuideFields): string {
  const office = a.officeName ?? `${a.name}政府信息公开工作机构`
  const contact = [
    `受理机构：${office}`,
    a.officeAddress ? `办公地址：${a.officeAddress}` : null,
    a.officePhone ? `联系电话：${a.officePhone}` : null,
    a.officeHours ? `办公时间：${a.officeHours}` : null,
  ].filter(Boolean).join('\n')
  return [
    `一、总则\n本指南依据《中华人民共和国政府信息公开条例》编制，说明${a.name}主动公开的政府信息、申请公开的方式和办理流程。`,
    `二、主动公开\n${a.name}主动公开的政府信息按主题分类列入本机关的政府信息公开目录，可在本平台“目录”中查阅和检索；每年的政府信息公开工作年度报告也在本平台公布。`,
    `三、依申请公开\n公民、法人或者其他组织可以向${a.name}申请获取主动公开以外的政府信息。申请可通过本平台网上提交，或到受理机构当面、以信函方式提出。申请应包括：申请人的姓名或者名称、身份证明、联系方式；所需政府信息的名称、文号或者便于查询的其他特征性描述；获取信息的方式和途径。\n${contact}`,
    `四、办理时限\n能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长的，经工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日。申请内容不明确的，在收到申请之日起7个工作日内一次性告知补正，答复期限自收到补正后的申请起计算。征求第三方和其他机关意见所需时间不计算在答复期限内。`,
    `五、收费\n提供政府信息不收取费用。申请公开政府信息的数量、频次明显超过合理范围的，可以依照国家规定收取信息处理费，并事先书面告知申请人。`,
    `六、监督和救济\n认为${a.name}在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法在知道该行政行为之日起60日内申请行政复议，或者在6个月内提起行政诉讼。`,
  ].join('\n\n')
}
