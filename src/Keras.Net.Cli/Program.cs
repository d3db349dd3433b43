// SPDX-License-Identifier: Apache-2.0
// keras-net: a dotnet tool over Keras.Net's formats (inspect, summary, convert, verify, plot).
return Keras.Net.Cli.CliApp.Run(args, Console.Out, Console.Error);
