import type { Plugin } from 'vite'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath, URL } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

const apiTarget = process.env.GONGKAI_API ?? 'http://127.0.0.1:3000'

/**
 * Writes .br and .gz next to every hashed asset, so the server sends them as they are
 * (@fastify/static preCompressed): a phone on a slow link downloads a third of the bytes, and the
 * server spends no CPU compressing. Only assets/: index.html and sw.js are rewritten after this.
 */
function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'gongkai:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    async closeBundle() {
      const dir = join(outDir, 'assets')
      for (const name of await readdir(dir)) {
        if (!/\.(?:js|css|svg|json)$/.test(name))
          continue
        const body = await readFile(join(dir, name))
        if (body.length < 1024)
          continue
        await writeFile(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }))
        await writeFile(join(dir, `${name}.br`), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
      }
    },
  }
}

export default defineConfig({
  resolve: {
    alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  plugins: [
    vue(),
    precompress(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // We drive registration and updates ourselves with workbox-window (src/app/modules/pwa.ts).
      injectRegister: false,
      registerType: 'prompt',
      manifestFilename: 'manifest.webmanifest',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2,webmanifest}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      manifest: {
        id: '/',
        name: '公开 · 政府信息公开',
        short_name: '公开',
        description: '浏览政府信息公开年报、查找公开目录、离线提交政府信息公开申请',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#b71c1c',
        categories: ['government', 'utilities'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': apiTarget },
  },
})
