import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { loadDisciplineConfig } from './config';
import { DisciplineModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadDisciplineConfig(process.env);
  const app = await NestFactory.create(DisciplineModule.forRoot(config), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  await app.listen(config.httpPort, config.listenHost);
  new Logger('Discipline').log(
    `HTTP on http://${config.listenHost}:${config.httpPort} (GET /health, API viewer at /api/discipline/docs)`,
  );
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
