/** A correction request (Art. 41) as the app sends one, for server tests. */
import type { CorrectionRequestInput } from '~/shared/corrections'
import { uuidv7 } from '~/shared/submission'

export function correctionRequest(agencyId: string, over: Partial<CorrectionRequestInput> = {}): CorrectionRequestInput {
  return {
    v: 1,
    id: uuidv7(),
    agencyId,
    record: '2024年低保名单中本人的家庭人口数记为5人',
    correction: '家庭人口数应为3人',
    evidence: '户口簿复印件',
    personal: { name: '张三', idType: 'residentId', idNumber: '11010519491231002X', phone: '13800138000' },
    ...over,
  }
}
