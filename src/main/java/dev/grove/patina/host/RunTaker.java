package dev.grove.patina.host;

import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunFollower;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunService;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the runs another Patina process hands to this one (the CLI, while the console or the daemon holds the
 * catalog): orders them from this process's {@link RunService} — the same lanes, guard, catalog record and alert
 * as every other road — and reports the run's events back until it ends. A follower that goes away does not stop
 * the run.
 */
public final class RunTaker {
    private static final Logger LOG = LoggerFactory.getLogger(RunTaker.class);
    /** Longer than any run: the other process follows until its run ends. */
    private static final Duration AT_MOST = Duration.ofDays(2);

    private final RunService runs;
    private final RunOrderJson json = new RunOrderJson();

    public RunTaker(RunService runs) {
        this.runs = runs;
    }

    /** Orders the run {@code line} asks for and writes its answers to {@code out}; the last is the end line. */
    public void take(String line, Consumer<String> out) {
        RunOrder order;
        try {
            order = json.order(line);
        } catch (IllegalArgumentException e) {
            out.accept(json.end("refused", null, e.getMessage()));
            return;
        }
        LOG.info("a {} run handed over by another Patina process", order.kind().id());
        boolean[] following = {true};
        Consumer<String> tell = answer -> {
            if (following[0]) {
                try {
                    out.accept(answer);
                } catch (RuntimeException gone) {
                    following[0] = false; // the follower went away: the run goes on, recorded in the catalog
                    LOG.info("the process that handed over a {} run stopped following it", order.kind().id());
                }
            }
        };
        RunFollower.Followed f = new RunFollower(runs).submitAndFollow(order, e -> {
            if (e instanceof RunEvent.RunStarted s) {
                tell.accept(json.progress(s.job()));
            } else if (e instanceof RunEvent.RunProgressed p) {
                tell.accept(json.progress(p.job()));
            }
        }, AT_MOST, r -> tell.accept(json.accepted(r)));
        if (!f.trigger().accepted()) {
            tell.accept(json.end("refused", null, f.trigger().message()));
            return;
        }
        RunEvent end = f.end().orElse(null);
        if (end instanceof RunEvent.RunFinished done) {
            tell.accept(json.end("finished", done.report().runId(), done.report().status().id(),
                    done.result() instanceof dev.grove.patina.run.WorkResult.VerifyDone v ? v.verdicts()
                            : java.util.List.of()));
        } else if (end instanceof RunEvent.RunSkipped || end instanceof RunEvent.RunFailed) {
            tell.accept(json.end(end instanceof RunEvent.RunSkipped ? "skipped" : "failed", null,
                    RunFollower.why(end)));
        } else {
            tell.accept(json.end("failed", null, "the run did not end while it was followed"));
        }
    }

    /** The answers of a console: it shows its window ({@code onShow}, off the GUI thread) and takes runs. */
    public ControlPort.Answers withWindow(Runnable onShow) {
        return answers(onShow);
    }

    /** The answers of {@code patina daemon}: no window to show; it takes runs. */
    public ControlPort.Answers headless() {
        return answers(null);
    }

    private ControlPort.Answers answers(Runnable onShow) {
        return new ControlPort.Answers() {
            @Override
            public boolean show() {
                if (onShow == null) {
                    return false;
                }
                onShow.run();
                return true;
            }

            @Override
            public void run(String order, Consumer<String> out) {
                take(order, out);
            }
        };
    }
}
