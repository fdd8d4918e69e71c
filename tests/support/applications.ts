/**
 * Building submissions the way a device does (seal the personal part to the server's public key),
 * for server tests and the benchmark.
 */
import type { ApplicationPublicKey, SubmitApplicationRequest } from '~/shared/submission'
import { sealJson, uuidv7 } from '~/shared/submission'

export const SAMPLE_PERSONAL = {
  name: '张三',
  idNumber: '11010519491231002X',
  phone: '13800138000',
  address: '北京市东城区东长安街1号',
  email: null,
  contactName: null,
}

export function sampleGeneral(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicantType: 'natural',
    orgSubtype: null,
    idType: 'residentId',
    description: '请公开本机关2024年老旧小区改造项目的资金使用情况。',
    catalogRefs: [{ indexNo: '11320000014000XXXX/2024-00123', docNo: null, title: '老旧小区改造项目资金安排' }],
    delivery: { form: 'electronic', way: 'online' },
    feeWaiverNote: null,
    channel: 'online',
    deviceSubmittedAt: new Date().toISOString(),
    ...overrides,
  }
}

export async function makeSubmission(key: ApplicationPublicKey, opts: { id?: string, general?: Record<string, unknown>, personal?: Record<string, unknown> } = {}): Promise<SubmitApplicationRequest> {
  const id = opts.id ?? uuidv7()
  return {
    v: 1,
    id,
    general: sampleGeneral(opts.general),
    personal: await sealJson(key, { ...SAMPLE_PERSONAL, ...opts.personal }, id),
  }
}
