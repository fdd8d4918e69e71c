import type { RouteRecordRaw } from 'vue-router'

export default [
  // The receipt's QR code opens /track?code=GK-…: the code is filled in, the phone digits are asked.
  {
    path: '/track',
    name: 'track',
    component: () => import('./pages/TrackPage.vue'),
    props: route => ({ code: typeof route.query.code === 'string' ? route.query.code.slice(0, 40) : undefined }),
    meta: { titleKey: 'track.title' },
  },
] satisfies RouteRecordRaw[]
