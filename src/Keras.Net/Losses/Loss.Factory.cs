// SPDX-License-Identifier: Apache-2.0
namespace Keras.Net.Losses;

/// <summary>Losses by name.</summary>
public abstract partial class Loss
{
    /// <summary>Whether <paramref name="name"/> is one of the built-in loss identifiers.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True for built-in names.</returns>
    public static bool IsBuiltInName(string name)
    {
        try
        {
            Get(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Resolves a Keras loss identifier: a function name (<c>mse</c>, <c>categorical_crossentropy</c>, ...) or a
    /// class name (<c>MeanSquaredError</c>). Function names give a loss named as the identifier.
    /// </summary>
    /// <param name="identifier">The identifier.</param>
    /// <returns>A new loss.</returns>
    /// <exception cref="ArgumentException">The identifier is unknown.</exception>
    public static Loss Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        string n = identifier;
        return n switch
        {
            "mean_squared_error" or "mse" or "MSE" => new MeanSquaredError(name: n),
            "MeanSquaredError" => new MeanSquaredError(),
            "mean_absolute_error" or "mae" or "MAE" => new MeanAbsoluteError(name: n),
            "MeanAbsoluteError" => new MeanAbsoluteError(),
            "mean_absolute_percentage_error" or "mape" or "MAPE" => new MeanAbsolutePercentageError(name: n),
            "MeanAbsolutePercentageError" => new MeanAbsolutePercentageError(),
            "mean_squared_logarithmic_error" or "msle" or "MSLE" => new MeanSquaredLogarithmicError(name: n),
            "MeanSquaredLogarithmicError" => new MeanSquaredLogarithmicError(),
            "binary_crossentropy" or "bce" or "BCE" => new BinaryCrossentropy(name: n),
            "BinaryCrossentropy" => new BinaryCrossentropy(),
            "categorical_crossentropy" => new CategoricalCrossentropy(name: n),
            "CategoricalCrossentropy" => new CategoricalCrossentropy(),
            "sparse_categorical_crossentropy" => new SparseCategoricalCrossentropy(name: n),
            "SparseCategoricalCrossentropy" => new SparseCategoricalCrossentropy(),
            "huber" or "huber_loss" => new Huber(name: n),
            "Huber" => new Huber(),
            "log_cosh" or "logcosh" => new LogCosh(name: n),
            "LogCosh" => new LogCosh(),
            "hinge" => new Hinge(name: n),
            "Hinge" => new Hinge(),
            "squared_hinge" => new SquaredHinge(name: n),
            "SquaredHinge" => new SquaredHinge(),
            "categorical_hinge" => new CategoricalHinge(name: n),
            "CategoricalHinge" => new CategoricalHinge(),
            "kl_divergence" or "kld" or "KLD" or "kullback_leibler_divergence" => new KLDivergence(name: n),
            "KLDivergence" => new KLDivergence(),
            "poisson" => new Poisson(name: n),
            "Poisson" => new Poisson(),
            "cosine_similarity" => new CosineSimilarity(name: n),
            "CosineSimilarity" => new CosineSimilarity(),
            _ => throw new ArgumentException($"Could not interpret loss identifier: {identifier}", nameof(identifier)),
        };
    }
}
