// SPDX-License-Identifier: Apache-2.0
using System.Globalization;

namespace Keras.Net.Callbacks;

/// <summary>
/// Makes training survive an interruption: at every epoch end the model's weights, optimizer state and the
/// epoch are written to <see cref="BackupDir"/>; when <c>Fit</c> starts and a backup exists, it is restored
/// and training continues with the next epoch. The backup is deleted when training finishes.
/// </summary>
/// <param name="backupDir">The folder for the backup.</param>
/// <param name="deleteCheckpoint">Delete the backup when training completes.</param>
public sealed class BackupAndRestore(string backupDir, bool deleteCheckpoint = true) : Callback
{
    /// <summary>The backup folder.</summary>
    public string BackupDir { get; } = backupDir ?? throw new ArgumentNullException(nameof(backupDir));

    /// <summary>The epoch training resumes at, after a restore (null when starting fresh).</summary>
    internal int? ResumeEpoch { get; private set; }

    private string StateFile => Path.Combine(BackupDir, "backup.h5");

    private string EpochFile => Path.Combine(BackupDir, "training_state.txt");

    /// <inheritdoc />
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        ResumeEpoch = null;
        if (File.Exists(StateFile) && File.Exists(EpochFile))
        {
            Model!.RestoreTrainingState(StateFile);
            int lastEpoch = int.Parse(File.ReadAllText(EpochFile).Trim(), CultureInfo.InvariantCulture);
            ResumeEpoch = lastEpoch + 1;
        }
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        Directory.CreateDirectory(BackupDir);
        Model!.Save(StateFile);
        AtomicFile.Write(EpochFile, temp => File.WriteAllText(temp, epoch.ToString(CultureInfo.InvariantCulture)));
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IDictionary<string, double> logs)
    {
        if (deleteCheckpoint && !Model!.StopTraining)
        {
            File.Delete(StateFile);
            File.Delete(EpochFile);
        }
    }
}
