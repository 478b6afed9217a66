package dev.grove.patina.cli;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.RekeyService;
import dev.grove.patina.catalog.StoredObject;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rekey", mixinStandardHelpOptions = true, description = {
        "Re-encrypts stored objects to the current [encryption] recipients (after adding or removing a key, or when "
                + "one was lost or leaked): every encrypted object whose recipients differ from the config's.",
        "Each object is streamed into a staging copy (decrypted with [encryption] identity, encrypted to the new "
                + "recipients), read back and checked, and only then replaces the object; the catalog then records "
                + "the new SHA-256 and recipients. Interrupted, it resumes where it stopped when run again.",
        "Exit 1 when any object could not be re-encrypted (it is left as it was).",
        "Example: patina rekey --dry-run"})
final class RekeyCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--dry-run", description = "Only list the objects that would be re-encrypted.")
    boolean dryRun;

    RekeyCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (PatinaRuntime rt = runtime.open(services, err())) {
            RekeyService rekey = new RekeyService(rt.store(), rt.catalog(), rt.downloads().cipher());
            RekeyService.RekeyPlan plan = rekey.plan();
            out.printf("%d object(s) to re-encrypt to %s%n", plan.objects().size(),
                    String.join(", ", plan.recipients()));
            if (dryRun) {
                for (StoredObject o : plan.objects()) {
                    out.printf("  %s (now %s)%n", o.key(), String.join(", ", o.recipients()));
                }
                out.flush();
                return 0;
            }
            List<RekeyService.Rekeyed> done = rekey.apply(plan, r -> {
                out.printf("  %-6s %s%s%n", r.ok() ? "ok" : "FAILED", r.key(), r.ok() ? "" : ": " + r.error());
                out.flush();
            });
            long failed = done.stream().filter(r -> !r.ok()).count();
            out.printf("re-encrypted %d object(s), %d failed%n", done.size() - failed, failed);
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }
}
