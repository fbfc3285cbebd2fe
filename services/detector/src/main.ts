import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { loadDetectorConfig } from './config';
import { DetectorModule } from './app.module';
import { DetectorService } from './pipeline/detector.service';

async function bootstrap(): Promise<void> {
  const config = loadDetectorConfig(process.env);
  const app = await NestFactory.create(DetectorModule.forRoot(config), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  app.get(DetectorService).onFatal = () => {
    void app.close().finally(() => process.exit(1));
  };
  await app.listen(config.healthPort, config.listenHost);
  new Logger('Detector').log(`health on http://${config.listenHost}:${config.healthPort}/health`);
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
