/**
 * One declaration per OVH object. Two resources of a stack that address the same object would fight over
 * it (with `adopt`, every `up` flips it back and forth). The provider sees one resource at a time and not
 * its name, but the program sees every declaration: the rule is enforced there, when the identity is known
 * (at preview, unless it comes from another resource's output not known yet).
 */
import * as pulumi from "@pulumi/pulumi";

// Per program run: an Automation API program runs many times in one process, each with its own stack.
const claimsByRun = new WeakMap<object, Map<string, string>>();
const outsideRun = {};

function claims(): Map<string, string> {
  const run = pulumi.runtime.getStackResource() ?? outsideRun;
  let map = claimsByRun.get(run);
  if (!map) {
    map = new Map();
    claimsByRun.set(run, map);
  }
  return map;
}

/**
 * Claims `kind` object `parts.join("/")` for resource `name` and passes `value` through once the claim is
 * made. The second resource of a stack that claims the same object fails, naming both.
 */
export function claimed(
  kind: string,
  name: string,
  parts: pulumi.Input<string>[],
  value: pulumi.Input<string>,
): pulumi.Output<string> {
  const map = claims();
  const claim = (identity: readonly string[]) => {
    const key = `${kind} ${identity.join("/")}`;
    const other = map.get(key);
    if (other !== undefined && other !== name)
      throw new pulumi.RunError(
        `${kind} "${name}" and ${kind} "${other}" both declare ${identity.join("/")}: one OVH object can be ` +
          `managed by one resource only. Remove one of them (or give it another ${identity.length > 1 ? "identity" : "name"}).`,
      );
    map.set(key, name);
  };
  // Plain values are claimed at once: the error is the program's, not one about serializing an input.
  if (parts.every((part) => typeof part === "string")) {
    claim(parts as string[]);
    return pulumi.output(value);
  }
  return pulumi.all([value, pulumi.all(parts)]).apply(([passed, identity]) => {
    claim(identity);
    return passed;
  });
}

/**
 * Whether a resource of this program run claimed `kind` object `parts.join("/")` (as `claimed` records
 * it), e.g. an SmsUser that an SmsReceiverSlot's login names: that user may not exist before `up`.
 */
export function isClaimed(kind: string, parts: readonly string[]): boolean {
  return claims().has(`${kind} ${parts.join("/")}`);
}
