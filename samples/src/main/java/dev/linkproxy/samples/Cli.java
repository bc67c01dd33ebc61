package dev.linkproxy.samples;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds and runs one CDN's CLI: the shared {@code plan}, {@code apply}, {@code status} and {@code verify} commands over
 * that CDN's provider, with linkproxy's exit codes (0 success, 2 bad input, 3 provider or API error, 1 anything else;
 * for {@code verify}, 1 when a domain is not ready) and errors on stderr (and, with {@code --json}, as the one JSON
 * document on stdout; {@code verify}'s JSON Lines carry only reports, so its errors stay on stderr).
 */
public final class Cli {

    private Cli() {
    }

    /** The root command: only subcommands and help. */
    @Command(mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND", versionProvider = Version.class,
            description = {"Puts email click-tracking link domains behind a CDN with HTTPS.",
                    "Credentials come from the provider's usual environment variables or chain, never from flags."})
    static final class Root implements Runnable {
        private final CliContext ctx;

        Root(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: plan, apply, status or verify");
        }
    }

    /** The version in the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"linkproxy " + (v == null ? "(development build)" : v)};
        }
    }

    /** The command line of {@code ctx}'s CLI, ready to execute. */
    public static CommandLine commandLine(CliContext ctx) {
        VerifyCommand verifyCommand = new VerifyCommand(ctx);
        CommandLine cl = new CommandLine(new Root(ctx))
                .setCommandName(ctx.command())
                .addSubcommand(new PlanCommand(ctx))
                .addSubcommand(new ApplyCommand(ctx))
                .addSubcommand(new StatusCommand(ctx))
                .addSubcommand(verifyCommand)
                .addSubcommand(new CutoverCommand(ctx))
                .addSubcommand(new OnboardCommand(ctx))
                .setOut(ctx.io().out())
                .setErr(ctx.io().err());
        CommandLine verify = cl.getSubcommands().get("verify");
        if (ctx.expectedTarget().readsLiveDeployment()) {
            verify.addMixin("connection", verifyCommand.connection);
        }
        List<String> footer = new ArrayList<>(List.of(verify.getCommandSpec().usageMessage().footer()));
        footer.add(0, "");
        footer.add(1, "Without --expect-target, " + ctx.command() + " expects " + ctx.expectedTarget().description()
                + ".");
        verify.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        cl.setParameterExceptionHandler((e, args) -> {
            ctx.io().err().println(ctx.command() + ": " + e.getMessage());
            ctx.io().err().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            ctx.io().err().flush();
            return ExitCode.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = ExitCode.of(e);
            ctx.io().err().println(ctx.command() + ": " + (code == ExitCode.FAILURE ? "internal error: " + e : e.getMessage()));
            ctx.io().err().flush();
            CommandLine.ParseResult sub = parseResult.subcommand();
            if (sub != null && sub.hasMatchedOption("--json")
                    && !(sub.commandSpec().userObject() instanceof VerifyCommand)) {
                JsonOutput.print(ctx.io(), JsonOutput.error(ctx.provider().id(), e, code));
            }
            return code;
        });
        return cl;
    }

    /** Runs the CLI; returns its exit code. */
    public static int run(CliContext ctx, String... args) {
        return commandLine(ctx).execute(args);
    }
}
