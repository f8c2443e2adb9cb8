package dev.junction.server.cli;

import dev.junction.server.data.BatchClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import a data package (zip) or a single CSV / JSON Lines file into a running Junction"
          + " server, with a progress bar and a summary; rejected rows are saved to an error file."
          + " The API key comes from $JUNCTION_API_KEY or --api-key-file."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every row was loaded",
      "2:bad command line",
      "4:the job failed or was canceled",
      "5:some rows were rejected (PartiallySucceeded)"
    })
final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "package .zip, .csv or .jsonl")
  Path file;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "server URL")
  String url;

  @Option(names = "--api-key-file", paramLabel = "FILE", description = "file holding the API key")
  Path apiKeyFile;

  @Option(names = "--entity", description = "entity of a bare CSV/JSONL file (default: file name)")
  String entity;

  @Option(names = "--all-or-nothing", description = "load nothing when any row is invalid")
  boolean allOrNothing;

  @Option(names = "--errors", paramLabel = "FILE", description = "where to save the error file")
  Path errors;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (!Files.isRegularFile(file)) {
      err.println("junction import: " + file + ": no such file");
      err.flush();
      return JunctionCli.USAGE;
    }
    Path errorFile =
        errors != null ? errors : file.resolveSibling(file.getFileName() + ".errors.csv");
    try {
      BatchClient client =
          new BatchClient(url, BatchClient.apiKey(apiKeyFile, "JUNCTION_API_KEY"), out, err);
      var outcome = client.importFile(file, entity, allOrNothing, errorFile);
      return switch (outcome.status()) {
        case "Succeeded" -> JunctionCli.OK;
        case "PartiallySucceeded" -> 5;
        default -> 4;
      };
    } catch (BatchClient.Failure e) {
      err.println("junction import: " + e.getMessage());
      err.flush();
      return 4;
    }
  }
}
