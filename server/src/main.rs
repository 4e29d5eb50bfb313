//! `parlab-class`: see the library's documentation for the API.

#[tokio::main]
async fn main() {
    let read_env = |name: &str| std::env::var(name).ok();
    let config = match parlab_class::Config::from_args_and_env(std::env::args().skip(1), read_env) {
        Ok(config) => config,
        Err(usage) if usage == parlab_class::config::USAGE => {
            print!("{usage}");
            return;
        }
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    if let Err(error) = parlab_class::serve(config).await {
        eprintln!("parlab-class: {error}");
        std::process::exit(1);
    }
}
