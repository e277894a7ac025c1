import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig, type DatabaseConfig } from '../config/database.config';
import { buildDataSourceOptions } from './data-source.options';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';
import { runMigrationsLocked } from './migrate';

/** Starts the embedded PostgreSQL when DATABASE_URL is unset; stops it after the pool is closed. */
@Injectable()
export class EmbeddedDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private handle: EmbeddedPostgresHandle | null = null;

  constructor(
    @Inject(databaseConfig.KEY) private readonly config: DatabaseConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  async start(): Promise<EmbeddedPostgresHandle> {
    const started = Date.now();
    // The app uses one connection (see below); a few more for the migration run and CLI tools.
    this.handle = await startEmbeddedPostgres(this.config.dataDir, 4);
    this.logger.log(`embedded PostgreSQL (PGlite) ready in ${Date.now() - started} ms, data in ${this.config.dataDir}`);
    return this.handle;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.handle) return;
    // The pool must close before the server it talks to.
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource?.isInitialized) await dataSource.destroy();
    await this.handle.stop();
    this.handle = null;
  }
}

/** Migrations run before the app's pool opens, so every module starts on the current schema. */
async function migrate(options: DataSourceOptions, embedded: boolean): Promise<void> {
  const logger = new Logger('Database');
  const size = embedded ? 1 : 2;
  const dataSource = await new DataSource({ ...options, poolSize: size, extra: { ...options.extra, max: size } } as DataSourceOptions).initialize();
  try {
    // Embedded: one process owns the database, so there is no one to race; the lock would need a second connection.
    const applied = embedded
      ? (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)
      : await runMigrationsLocked(dataSource);
    if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`);
  } finally {
    await dataSource.destroy();
  }
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      extraProviders: [EmbeddedDatabase],
      inject: [databaseConfig.KEY, EmbeddedDatabase],
      useFactory: async (config: DatabaseConfig, embedded: EmbeddedDatabase) => {
        let options;
        if (config.url) {
          options = buildDataSourceOptions({ url: config.url, poolSize: config.poolSize });
        } else {
          const handle = await embedded.start();
          // One connection: PGlite is a single session, and pglite-socket interleaves the extended-protocol
          // messages of concurrent connections outside transactions ("unnamed prepared statement does not
          // exist"). The pool queues requests instead; transactions stay atomic and serialised.
          options = buildDataSourceOptions({ url: null, socketDir: handle.socketDir, port: handle.port, poolSize: 1 });
        }
        if (config.runMigrations) await migrate(options, !config.url);
        return options;
      },
    }),
  ],
})
export class DatabaseModule {}
