import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { loadInspectionConfig } from './config';
import { InspectionModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadInspectionConfig(process.env);
  const app = await NestFactory.create(InspectionModule.forRoot(config), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  await app.listen(config.httpPort, config.listenHost);
  new Logger('Inspection').log(
    `HTTP on http://${config.listenHost}:${config.httpPort} (GET /health, API viewer at /api/docs)`,
  );
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
