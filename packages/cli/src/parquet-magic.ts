/** The first (and last) four bytes of every Parquet file (kept apart from the reader, which is loaded only for Parquet files). */
export const PARQUET_MAGIC = 'PAR1';
