import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A scored news story or social post (migration NewsItems1765300000000). */
@Entity('news_items')
export class NewsItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  kind: 'news' | 'social';

  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ name: 'external_id', type: 'varchar', length: 2000 })
  externalId: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  url: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  author: string | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt: Date;

  @Column({ type: 'varchar', length: 10 })
  language: string;

  @Column({ type: 'text', array: true })
  symbols: string[];

  @Column({ name: 'source_weight', type: 'double precision' })
  sourceWeight: number;

  @Column({ type: 'double precision' })
  score: number;

  @Column({ name: 'score_details', type: 'jsonb' })
  scoreDetails: { title: number | null; body: number | null; terms: string[] };

  @Column({ name: 'lexicon_version', type: 'varchar', length: 40 })
  lexiconVersion: string;

  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash: string;
}
