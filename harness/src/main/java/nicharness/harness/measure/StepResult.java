package nicharness.harness.measure;

/**
 * What one search step measured at one offered rate.
 *
 * @param lossFraction  (offered - returned) / offered, averaged over the active directions
 * @param testerLimited whether the tester or the model, not the driver, limited this step (it fell
 *                      behind its schedule, or the model's engine was saturated); such a step can
 *                      never pass, whatever its loss
 */
public record StepResult(double lossFraction, boolean testerLimited) {
}
