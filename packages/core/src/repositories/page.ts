/** Offset pagination as the original API has it: `skip` rows, then at most `limit` rows. */
export interface Page {
  skip: number;
  limit: number;
}
