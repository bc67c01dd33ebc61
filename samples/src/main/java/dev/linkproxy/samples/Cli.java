package dev.linkproxy.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
            List<String> names = COMMANDS.stream().map(Subcommand::name).toList();
            throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: "
                    + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
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

    /** A subcommand: its class (whose {@code @Command} names it) and how to make one. */
    private record Subcommand(Class<?> type, Function<CliContext, Object> make) {
        String name() {
            return type.getAnnotation(Command.class).name();
        }
    }

    /** The subcommands, in the order help lists them; each is built only when needed (see {@link #run}). */
    private static final List<Subcommand> COMMANDS = List.of(
            new Subcommand(PlanCommand.class, PlanCommand::new),
            new Subcommand(ApplyCommand.class, ApplyCommand::new),
            new Subcommand(StatusCommand.class, StatusCommand::new),
            new Subcommand(VerifyCommand.class, VerifyCommand::new),
            new Subcommand(CutoverCommand.class, CutoverCommand::new),
            new Subcommand(OnboardCommand.class, OnboardCommand::new));

    /** The command line of {@code ctx}'s CLI with every command, ready to execute. */
    public static CommandLine commandLine(CliContext ctx) {
        return commandLine(ctx, COMMANDS);
    }

    /**
     * The command line with only {@code commands}: picocli reads every option of every command it is given, by
     * reflection, which is most of a short command's start-up (plan --offline); a run needs only the one it names.
     */
    private static CommandLine commandLine(CliContext ctx, List<Subcommand> commands) {
        CommandLine cl = new CommandLine(new Root(ctx)).setCommandName(ctx.command());
        for (Subcommand command : commands) {
            cl.addSubcommand(command.make().apply(ctx));
        }
        cl.setOut(ctx.io().out()).setErr(ctx.io().err());
        CommandLine verify = cl.getSubcommands().get("verify");
        if (verify != null) {
            describeVerify(ctx, verify);
        }
        cl.setParameterExceptionHandler(new BadInput(ctx));
        cl.setExecutionExceptionHandler(new Failure(ctx));
        return cl;
    }

    /*
     * The two handlers are classes, not lambdas: picocli's jar is Java 5 bytecode, and a lambda implementing one of its
     * interfaces links that interface while the launcher's class-data archive is written, which then leaves it, and
     * with it every class it is looked up beside, to be read from the jars on every run.
     */

    /** Bad input (a parse error): the message and a hint on stderr, exit code 2. */
    private record BadInput(CliContext ctx) implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            ctx.io().err().println(ctx.command() + ": " + e.getMessage());
            ctx.io().err().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            ctx.io().err().flush();
            return ExitCode.BAD_INPUT;
        }
    }

    /** A command's failure: its message on stderr (and, with {@code --json}, as JSON on stdout), its exit code. */
    private record Failure(CliContext ctx) implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            int code = ExitCode.of(e);
            ctx.io().err().println(ctx.command() + ": " + (code == ExitCode.FAILURE ? "internal error: " + e : e.getMessage()));
            ctx.io().err().flush();
            CommandLine.ParseResult sub = parseResult.subcommand();
            if (sub != null && sub.hasMatchedOption("--json")
                    && !(sub.commandSpec().userObject() instanceof VerifyCommand)) {
                JsonOutput.print(ctx.io(), JsonOutput.error(ctx.provider().id(), e, code));
            }
            return code;
        }
    }

    /** Runs the CLI; returns its exit code. */
    public static int run(CliContext ctx, String... args) {
        // Only the command the first argument names, when it names one exactly; help, a typo or no command at all get
        // every command (to list them, or to suggest the closest).
        List<Subcommand> named = args.length == 0 ? List.of()
                : COMMANDS.stream().filter(c -> c.name().equals(args[0])).toList();
        return commandLine(ctx, named.isEmpty() ? COMMANDS : named).execute(args);
    }

    /** The live deployment's connection options and the expected target's default, which depend on the CDN. */
    private static void describeVerify(CliContext ctx, CommandLine verify) {
        if (ctx.expectedTarget().readsLiveDeployment()) {
            verify.addMixin("connection", ((VerifyCommand) verify.getCommand()).connection);
        }
        List<String> footer = new ArrayList<>(List.of(verify.getCommandSpec().usageMessage().footer()));
        footer.add(0, "");
        footer.add(1, "Without --expect-target, " + ctx.command() + " expects " + ctx.expectedTarget().description()
                + ".");
        verify.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
    }
}
