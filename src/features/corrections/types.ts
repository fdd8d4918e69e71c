import type { CorrectionOutcome, CorrectionStatus } from '~/shared/corrections'

/** A correction request as the staff API returns it (server/corrections/service.ts CorrectionView). */
export interface CorrectionListItem {
  id: string
  trackingCode: string
  agencyId: string | null
  agencyName: string | null
  serverReceivedAt: string
  receivedOn: string
  nameMasked: string
  record: string
  correction: string
  evidence: string | null
  status: CorrectionStatus
  outcome: CorrectionOutcome | null
  referAgencyId: string | null
  referAgencyName: string | null
  transferred: boolean | null
  letter: string | null
  answeredOn: string | null
}
