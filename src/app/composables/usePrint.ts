/**
 * Print in one of two layouts: A4 (reports, catalog entries) or an 80 mm receipt roll. The layout
 * is a <html data-print> attribute read by the print CSS in main.css, removed after printing.
 */
export type PrintFormat = 'a4' | 'receipt'

export function usePrint() {
  function print(format: PrintFormat = 'a4'): void {
    const root = document.documentElement
    root.dataset.print = format
    const done = () => {
      delete root.dataset.print
      window.removeEventListener('afterprint', done)
    }
    window.addEventListener('afterprint', done)
    window.print()
  }
  return { print }
}
