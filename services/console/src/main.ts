import 'reflect-metadata';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsoleModule } from './app.module';
import { loadConsoleConfig } from './config';

async function bootstrap(): Promise<void> {
  const config = loadConsoleConfig(process.env, join(__dirname, '..', 'dist-client'));
  // No global body parser: the requests routed to the services stream through as they came.
  const app = await NestFactory.create(ConsoleModule.forRoot(config), {
    logger: ['log', 'warn', 'error'],
    bodyParser: false,
  });
  app.enableShutdownHooks();
  await app.listen(config.httpPort, config.listenHost);
  new Logger('Console').log(`open http://${config.listenHost}:${config.httpPort}/ in a browser`);
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
