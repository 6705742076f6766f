package nicharness.harness.cost;

/**
 * One measured region: what the workload did in it and the instructions callgrind counted for the
 * measuring thread.
 *
 * @param dump         the region's dump number
 * @param packets      packets received and processed in the region
 * @param emptyPolls   polls that found nothing
 * @param instructions instructions ({@code Ir}) the measuring thread executed in the region
 */
public record RegionCount(int dump, long packets, long emptyPolls, long instructions) {
}
