package dev.junction.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "sample-erp",
    mixinStandardHelpOptions = true,
    description = {
      "Run the sample ERP on its own: a simulated system of record with customers, orders and"
          + " items, paging styles, auth, latency and fault injection, for trying connections.",
      "Every argument is passed to the sample ERP, e.g. 'junction sample-erp --port 8089'; its own"
          + " options are listed by 'junction sample-erp -- --help'."
    })
final class SampleErpCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ARG", arity = "0..*", description = "arguments for the sample ERP")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    dev.junction.erp.SampleErp.main(args.toArray(String[]::new));
    return JunctionCli.OK;
  }
}
