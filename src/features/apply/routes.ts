import type { RouteRecordRaw } from 'vue-router'

const str = (v: unknown) => typeof v === 'string' && v ? v.slice(0, 200) : undefined

export default [
  // The catalog links here with ?agency=…&indexNo=…&title=…&docNo=… to pre-fill the agency and the catalog entry.
  {
    path: '/apply',
    name: 'apply',
    component: () => import('./pages/ApplyPage.vue'),
    props: route => ({ agency: str(route.query.agency), from: str(route.query.from), indexNo: str(route.query.indexNo), title: str(route.query.title), docNo: str(route.query.docNo) }),
    meta: { titleKey: 'apply.title' },
  },
  { path: '/apply/:correcting/fix', name: 'apply-fix', component: () => import('./pages/ApplyPage.vue'), props: true, meta: { titleKey: 'apply.correcting' } },
  { path: '/apply/receipt/:id', name: 'apply-receipt', component: () => import('./pages/ApplyReceiptPage.vue'), props: true, meta: { titleKey: 'apply.receipt.title' } },
] satisfies RouteRecordRaw[]
