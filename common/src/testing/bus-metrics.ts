import { busBatchSize } from "../ops/metrics.js";

/** A consumer's `bus_batch_size` so far: its transactions (the count) and their events (the sum). */
export async function busBatchSizeOf(consumer: string) {
  const { values } = await busBatchSize.get();
  const of = (name: string) =>
    values.find((v) => v.metricName === name && v.labels.consumer === consumer)?.value ?? 0;
  return { transactions: of("bus_batch_size_count"), events: of("bus_batch_size_sum") };
}
