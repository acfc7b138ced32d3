package io.snapgrid.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The admin CLI: {@code ./snapgrid <command>} from a checkout, {@code java -cp snapgrid-node.jar
 * io.snapgrid.cli.SnapgridCli <command>} in the image. It talks to one node's REST API only.
 */
@Command(name = "snapgrid", mixinStandardHelpOptions = true, version = "snapgrid admin CLI",
        description = "Administer a Snapgrid cluster through a node's REST API.",
        subcommands = {StatusCommand.class, MapsCommand.class, EntryCommands.Get.class, EntryCommands.Put.class,
                EntryCommands.Delete.class, SqlCommand.class, SnapshotsCommand.class, OperationsCommand.class,
                HistoryCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the work ran and failed (snapshot operation, verification)", "2:usage error",
                "3:no such map, key or operation", "4:not authorized (401/403)",
                "5:refused by the node (invalid record, conflict)", "6:node unreachable or unavailable (5xx)"})
public final class SnapgridCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Snapgrid's handling of failures: their message on stderr, their exit code. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SnapgridCli());
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliFailure failure) {
                line.getErr().println("snapgrid: " + failure.getMessage());
                line.getErr().flush();
                return failure.exitCode();
            }
            throw e;
        });
        return commandLine;
    }
}
