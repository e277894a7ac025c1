import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An RSS/Atom feed polled for news items, with its poll state (migration NewsItems1765300000000). */
@Entity('news_sources')
export class NewsSource {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** The `source` of its items: the feed's host name. */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  kind: 'news' | 'social';

  @Column({ name: 'poll_seconds', type: 'int' })
  pollSeconds: number;

  @Column({ name: 'default_symbols', type: 'text', array: true })
  defaultSymbols: string[];

  @Column({ type: 'double precision' })
  weight: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  etag: string | null;

  @Column({ name: 'last_modified', type: 'varchar', length: 100, nullable: true })
  lastModified: string | null;

  @Column({ name: 'next_poll_at', type: 'timestamptz' })
  nextPollAt: Date;

  @Column({ name: 'polling_until', type: 'timestamptz', nullable: true })
  pollingUntil: Date | null;

  @Column({ type: 'int' })
  failures: number;

  @Column({ name: 'last_polled_at', type: 'timestamptz', nullable: true })
  lastPolledAt: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ name: 'items_inserted', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  itemsInserted: number;
}
