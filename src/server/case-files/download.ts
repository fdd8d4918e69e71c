/**
 * Sending a stored file: always a download, never rendered by the browser. The bytes may be
 * anything an applicant or a reviewer uploaded (a PDF with scripts, an SVG-like image, an HTML file
 * renamed): `Content-Disposition: attachment` keeps it off the page, `nosniff` stops the browser
 * guessing another type, and a sandboxing CSP disarms it even if it were ever opened in place.
 */
import type { FastifyReply } from 'fastify'

/** RFC 6266/5987 filename: an ASCII fallback plus the UTF-8 name (Chinese names survive). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

export function sendDownload(reply: FastifyReply, f: { name: string, contentType: string, bytes: Buffer }): Buffer {
  reply.header('content-type', f.contentType)
  reply.header('content-disposition', contentDisposition(f.name))
  reply.header('x-content-type-options', 'nosniff')
  reply.header('content-security-policy', 'sandbox; default-src \'none\'')
  reply.header('cache-control', 'private, no-store')
  reply.header('content-length', String(f.bytes.length))
  return f.bytes
}
