/**
 * The paper's figures and tables as charts, drawn with XChart from the CSV files of a results
 * folder alone, as PNG (for the README) and SVG (for papers): {@link nicharness.harness.plot.Plots}
 * draws them all, {@code nicharness plot} from the command line.
 *
 * <table>
 *   <caption>The charts and what they read</caption>
 *   <tr><th>file</th><th>paper</th><th>reads</th></tr>
 *   <tr><td>{@code fig6-policer-median-latency}, {@code fig7-policer-p99-latency},
 *       {@code fig9-nop-median-latency}, {@code fig10-slow-nop-median-latency}</td>
 *       <td>Figures 6, 7, 9, 10</td>
 *       <td>{@code summary.csv}: lines serving the figure's experiment, metrics {@code load_gbps} (x) and
 *       {@code latency_p50_ns} or {@code latency_p99_ns} (y), per {@code level}: {@code median}, {@code min},
 *       {@code max}, {@code tester_limited_repetitions}, {@code overloaded_repetitions} (hollow markers)</td></tr>
 *   <tr><td>{@code fig8-policer-latency-ccdf}, {@code fig11-nop-latency-ccdf}</td><td>Figures 8, 11</td>
 *       <td>{@code latency_ccdf.csv}: {@code latency_ns} and {@code ccdf_fraction} of each {@code repetition}
 *       at the {@code level} whose {@code load_gbps} is nearest 1 Gb/s (Fig. 8) or 0 (Fig. 11)</td></tr>
 *   <tr><td>{@code table3-throughput}, {@code table3-median-latency}, {@code table3-p99-latency}</td><td>Table 3</td>
 *       <td>{@code summary.csv}: lines serving {@code table3}, metric {@code throughput_gbps}, or
 *       {@code latency_p50_ns} / {@code latency_p99_ns} at the level nearest 1 Gb/s</td></tr>
 *   <tr><td>{@code device-cost-throughput}</td><td>beyond the paper</td>
 *       <td>{@code summary.csv}: lines serving {@code device-cost}, metric {@code throughput_gbps}, x
 *       {@code device_cost_factor}</td></tr>
 *   <tr><td>{@code table2-lines-of-code}, {@code table2-functions}, {@code table2-paths},
 *       {@code table2-transmit-paths-by-outputs}</td><td>Table 2</td>
 *       <td>{@code complexity.csv}: {@code loc}, {@code functions}, {@code paths} beside {@code paper_loc},
 *       {@code paper_functions}, {@code paper_paths_value}, per {@code driver} and {@code part}, at
 *       {@code outputs} = 1 (bars) or every O (transmit paths)</td></tr>
 *   <tr><td>{@code table4-<metric>}, one per metric</td><td>Table 4</td>
 *       <td>{@code cost.csv}: {@code value} per {@code driver} and {@code variant} (median and range when a
 *       configuration has several rows), beside {@code paper_value}; {@code unit}, {@code method} and
 *       {@code paper_source} in the labels and caption; the machine from the comment lines</td></tr>
 * </table>
 *
 * <p>Every chart states the machine and settings in its caption: {@code run.csv} for the measured
 * ones, the comment lines of {@code cost.csv} for Table 4.
 *
 * <p>A malformed record (a summary line whose counts disagree, a CCDF curve out of order) leaves
 * out only the charts that read it; a file that cannot be read, only its own charts. The drawing
 * names what it left out, with file and line, and draws the rest; {@code plot} and {@code run}
 * then fail.
 */
package nicharness.harness.plot;
