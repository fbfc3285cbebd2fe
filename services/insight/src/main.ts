import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { loadInsightConfig } from './config';
import { InsightModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadInsightConfig(process.env);
  const app = await NestFactory.create(InsightModule.forRoot(config), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  await app.listen(config.httpPort, config.listenHost);
  new Logger('Insight').log(
    `HTTP on http://${config.listenHost}:${config.httpPort} (GET /health, API viewer at /api/insight/docs)`,
  );
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
