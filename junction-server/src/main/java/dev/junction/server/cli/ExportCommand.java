package dev.junction.server.cli;

import dev.junction.server.data.BatchClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export entities from a running Junction server into a data package (zip), with a progress"
          + " bar and a summary. The API key comes from $JUNCTION_API_KEY or --api-key-file."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the export succeeded", "2:bad command line", "4:the job did not succeed"})
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "server URL")
  String url;

  @Option(names = "--api-key-file", paramLabel = "FILE", description = "file holding the API key")
  Path apiKeyFile;

  @Option(
      names = "--entities",
      split = ",",
      paramLabel = "NAME",
      description = "entities to export (or --definition)")
  List<String> entities = List.of();

  @Option(names = "--definition", description = "export definition to use or create")
  String definition;

  @Option(names = "--incremental", description = "only changes since the definition's last export")
  boolean incremental;

  @Option(names = "--format", defaultValue = "csv", description = "csv or jsonl")
  String format;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "where to save the package")
  Path output;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    try {
      BatchClient client =
          new BatchClient(url, BatchClient.apiKey(apiKeyFile, "JUNCTION_API_KEY"), out, err);
      return client.export(entities, format, definition, incremental, output).succeeded()
          ? JunctionCli.OK
          : 4;
    } catch (BatchClient.Failure e) {
      err.println("junction export: " + e.getMessage());
      err.flush();
      return 4;
    }
  }
}
