//! `parlab-class`: see the library's documentation for the API.

#[tokio::main]
async fn main() {
    let config =
        match parlab_class::Config::from_args_and_env(std::env::args().skip(1), |name| std::env::var(name).ok()) {
            Ok(config) => config,
            Err(message) => {
                eprintln!("{message}");
                let asked_for_help = message == parlab_class::config::USAGE;
                std::process::exit(if asked_for_help { 0 } else { 2 });
            }
        };
    if let Err(error) = parlab_class::serve(config).await {
        eprintln!("parlab-class: {error}");
        std::process::exit(1);
    }
}
