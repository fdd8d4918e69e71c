import type { AppModule } from '../types'

export const install: AppModule = ({ app, pinia }) => {
  app.use(pinia)
}
