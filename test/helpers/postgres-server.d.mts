/** The newest PostgreSQL server binaries installed (Debian's layout), or undefined. */
export function postgresBinaries(): string | undefined;

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** The same server, another database on it. */
  urlFor(database: string): string;
  stop(): void;
}

/** A private PostgreSQL server on loopback in a temporary folder (initdb + start ≈ 1 s). */
export function startThrowawayPostgres(options?: { cpuList?: string }): Promise<ThrowawayPostgres>;
