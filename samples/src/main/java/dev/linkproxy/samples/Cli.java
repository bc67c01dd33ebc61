package dev.linkproxy.samples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds and runs one CDN's CLI: the shared {@code plan}, {@code apply} and {@code status} commands over that CDN's
 * provider, with linkproxy's exit codes (0 success, 2 bad input, 3 provider or API error, 1 anything else) and
 * errors on stderr (and, with {@code --json}, as the one JSON document on stdout).
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
            throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: plan, apply or status");
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
        CommandLine cl = new CommandLine(new Root(ctx))
                .setCommandName(ctx.command())
                .addSubcommand(new PlanCommand(ctx))
                .addSubcommand(new ApplyCommand(ctx))
                .addSubcommand(new StatusCommand(ctx))
                .setOut(ctx.io().out())
                .setErr(ctx.io().err());
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
            if (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--json")) {
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
