/**
 * The timeline of one TinyFish run: the provider kit's recorder plus the landmarks of
 * TinyFish's protocol (STARTED, STREAMING_URL, each PROGRESS, heartbeats, and the server's
 * own timestamps of the start and the end).
 */
import { RunRecorder } from '@tfbench/provider-kit/recorder';

export class TinyFishRunRecorder extends RunRecorder {
  startedAt: number | null = null;
  streamingUrlAt: number | null = null;
  readonly progressAt: number[] = [];
  heartbeats = 0;
  startedServerTimestamp: string | null = null;
  completeServerTimestamp: string | null = null;
}
